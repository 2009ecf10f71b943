"""eark-validator 1.1.3, offline.

Importing it fetches four CSIP vocabularies from earkcsip.dilcis.eu (in
eark_validator.ipxml.schematron, with urllib's urlopen). The package ships
the same vocabularies in eark_validator/ipxml/resources/vocabs: while it is
imported, urlopen answers those URLs from there and refuses every other.
"""

import io
import sys
import urllib.request
from importlib.util import find_spec
from pathlib import Path

VOCABULARY_HOST = "https://earkcsip.dilcis.eu/schema/"


def _vocabularies():
    return Path(find_spec("eark_validator").submodule_search_locations[0]) / "ipxml" / "resources" / "vocabs"


def _offline_urlopen(url, *args, **kwargs):
    url = getattr(url, "full_url", url)
    if not url.startswith(VOCABULARY_HOST):
        raise OSError(f"No network in the tests: {url}")
    return io.BytesIO((_vocabularies() / url.removeprefix(VOCABULARY_HOST)).read_bytes())


def packages_module():
    """eark_validator.packages, imported without the network."""
    if "eark_validator.packages" in sys.modules:
        return sys.modules["eark_validator.packages"]
    original = urllib.request.urlopen
    urllib.request.urlopen = _offline_urlopen
    try:
        from eark_validator import packages
    finally:
        urllib.request.urlopen = original
    return packages


def validate(path):
    """eark-validator's report of the package folder or zip at `path` (E-ARK 2.1.0)."""
    packages = packages_module()
    from eark_validator.specifications.specification import SpecificationVersion

    return packages.PackageValidator(Path(path), SpecificationVersion.V2_1_0).validation_report


def problems(report):
    """[(severity, rule id, message)] of every error and warning in a report."""
    found = []
    for message in report.structure.messages:
        found.append((message.severity.value, message.rule_id, message.message))
    if report.metadata is not None:
        for results in (report.metadata.schema_results, report.metadata.schematron_results):
            for message in results.messages:
                found.append((message.severity.value, message.rule_id, message.message))
    return [p for p in found if p[0].lower() in {"error", "warning", "warn"}]
