from django.urls import path

from meetings.views import adjusters, adjustment, items, meetings, pdf
from meetings.views import imports
from meetings.views import preparation as prep_views
from meetings.views import archive, statistics

app_name = "meetings"

urlpatterns = [
    path("import/", imports.import_upload, name="import_upload"),
    path("import/<int:pk>/", imports.import_review, name="import_review"),
    path("import/<int:pk>/save/", imports.import_save, name="import_save"),
    path("import/<int:pk>/discard/", imports.import_discard, name="import_discard"),
    path("", meetings.home, name="home"),
    path("meetings/new/", meetings.meeting_create, name="meeting_create"),
    path("decisions/", archive.decision_list, name="decision_list"),
    path("decisions/export.csv", archive.decision_export, name="decision_export"),
    path("search/", archive.search, name="search"),
    path("archive/", archive.meeting_archive, name="meeting_archive"),
    path("statistics/", statistics.statistics, name="statistics"),
    path("meetings/<int:pk>/", meetings.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/preview/", meetings.meeting_preview, name="meeting_preview"),
    path("meetings/<int:pk>/pdf/", pdf.meeting_pdf, name="meeting_pdf"),
    path("meetings/<int:pk>/delete/", meetings.meeting_delete, name="meeting_delete"),
    path("meetings/<int:pk>/send/", adjustment.meeting_send, name="meeting_send"),
    path("meetings/<int:pk>/review/", adjustment.meeting_review, name="meeting_review"),
    path("meetings/<int:pk>/sign/", adjustment.meeting_sign, name="meeting_sign"),
    path("meetings/<int:pk>/comments/new/", adjustment.comment_create, name="comment_create"),
    path("meetings/<int:pk>/reopen/", adjustment.meeting_reopen, name="meeting_reopen"),
    path("meetings/<int:pk>/verify/", adjustment.meeting_verify, name="meeting_verify"),
    path("meetings/<int:pk>/history/", adjustment.meeting_history, name="meeting_history"),
    path("meetings/<int:pk>/items/new/", items.item_create, name="item_create"),
    path("meetings/<int:pk>/adjusters/new/", adjusters.adjuster_create, name="adjuster_create"),
    path("meetings/<int:pk>/attachments/new/", adjusters.attachment_create, name="attachment_create"),
    path("items/<int:pk>/edit/", items.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", items.item_delete, name="item_delete"),
    path("items/<int:pk>/move/", items.item_move, name="item_move"),
    path("items/<int:pk>/inputs/new/", items.union_input_create, name="union_input_create"),
    path("items/<int:pk>/decision/", items.decision_edit, name="decision_edit"),
    path("items/<int:pk>/decision/delete/", items.decision_delete, name="decision_delete"),
    path("inputs/<int:pk>/edit/", items.union_input_edit, name="union_input_edit"),
    path("inputs/<int:pk>/delete/", items.union_input_delete, name="union_input_delete"),
    path("adjusters/<int:pk>/delete/", adjusters.adjuster_delete, name="adjuster_delete"),
    path("attachments/<int:pk>/", adjusters.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", adjusters.attachment_delete, name="attachment_delete"),
    # Meeting preparation: annual calendar, follow-ups, agenda, calendar files
    path("groups/<int:pk>/", prep_views.group_detail, name="group_detail"),
    path("groups/<int:pk>/calendar/new/", prep_views.recurring_point_create, name="recurring_point_create"),
    path("calendar/<int:pk>/edit/", prep_views.recurring_point_edit, name="recurring_point_edit"),
    path("calendar/<int:pk>/delete/", prep_views.recurring_point_delete, name="recurring_point_delete"),
    path("follow-ups/", prep_views.follow_up_list, name="follow_up_list"),
    path("items/<int:pk>/follow-ups/new/", prep_views.follow_up_create, name="follow_up_create"),
    path("follow-ups/<int:pk>/close/", prep_views.follow_up_close, name="follow_up_close"),
    path("follow-ups/<int:pk>/reopen/", prep_views.follow_up_reopen, name="follow_up_reopen"),
    path("follow-ups/<int:pk>/delete/", prep_views.follow_up_delete, name="follow_up_delete"),
    path("meetings/<int:pk>/follow-ups/pull/", prep_views.follow_up_pull, name="follow_up_pull"),
    path("meetings/<int:pk>/agenda/", prep_views.meeting_agenda, name="meeting_agenda"),
    path("meetings/<int:pk>/agenda/pdf/", prep_views.meeting_agenda_pdf, name="meeting_agenda_pdf"),
    path("meetings/<int:pk>/agenda/send/", prep_views.meeting_agenda_send, name="meeting_agenda_send"),
    path("meetings/<int:pk>/calendar.ics", prep_views.meeting_ics, name="meeting_ics"),
    path("meetings/<int:pk>/deadline.ics", prep_views.meeting_deadline_ics, name="meeting_deadline_ics"),
]
