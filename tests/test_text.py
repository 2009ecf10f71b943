from meetings.text import paragraphs, parse_blocks


def test_paragraphs_headings_and_bullets():
    text = (
        "Inledning på\ntvå rader.\n\n## GM\nEn ny sektionschef.\n\n"
        "- Löneöversynen\nStaden avser att betala.\n• Feelgood\n\nAvslutning."
    )
    blocks = parse_blocks(text)
    assert [b.kind for b in blocks] == ["paragraph", "heading", "paragraph", "bullets", "paragraph"]
    assert blocks[0].lines == ["Inledning på", "två rader."]
    assert blocks[1].text == "GM"
    assert blocks[3].items == [["Löneöversynen", "Staden avser att betala."], ["Feelgood"]]
    assert paragraphs(text) == [
        "Inledning på två rader.", "GM", "En ny sektionschef.",
        "Löneöversynen Staden avser att betala.", "Feelgood", "Avslutning.",
    ]


def test_windows_line_endings_and_empty_text():
    assert paragraphs("A\r\n\r\nB") == ["A", "B"]
    assert parse_blocks("") == [] and parse_blocks(None) == []


def test_a_hyphenated_word_is_not_a_bullet():
    assert parse_blocks("-5 grader ute")[0].kind == "paragraph"
