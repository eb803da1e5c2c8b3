from django.urls import path

from communaute.views import bookmarks as bookmark_views
from communaute.views import composer as composer_views
from communaute.views import directory as directory_views
from communaute.views import facilitation as facilitation_views
from communaute.views import following as following_views
from communaute.views import forum as forum_views
from communaute.views import invitations as invitation_views
from communaute.views import members as views
from communaute.views import messaging as messaging_views
from communaute.views import moderation as moderation_views
from communaute.views import news as news_views
from communaute.views import notifications as notification_views
from communaute.views import polls as poll_views
from communaute.views import spaces as space_views

app_name = "communaute"

urlpatterns = [
    path("", forum_views.community_home, name="home"),
    path("partager/", forum_views.share_link, name="share_link"),
    path("espaces/<slug:slug>/", space_views.space_detail, name="space"),
    path("espaces/<slug:slug>/rejoindre/", space_views.space_join, name="space_join"),
    path("rejoindre/<str:token>/", space_views.space_join_link, name="space_join_link"),
    path("espaces/<slug:slug>/quitter/", space_views.space_leave, name="space_leave"),
    path("espaces/<slug:slug>/membres/", space_views.space_members, name="space_members"),
    path(
        "espaces/<slug:slug>/membres/nouveau-lien/",
        space_views.space_join_link_renew,
        name="space_join_link_renew",
    ),
    path("espaces/<slug:slug>/inviter/", space_views.space_invite, name="space_invite"),
    path(
        "espaces/<slug:slug>/membres/<int:member_pk>/role/",
        space_views.space_member_role,
        name="space_member_role",
    ),
    path(
        "espaces/<slug:slug>/membres/<int:member_pk>/retirer/",
        space_views.space_member_remove,
        name="space_member_remove",
    ),
    path("invitations/", space_views.invitations, name="invitations"),
    path("invitations/inviter/", invitation_views.invite, name="invite"),
    path("invitations/envoyees/", invitation_views.invitations_sent, name="invitations_sent"),
    path(
        "invitations/envoyees/<int:pk>/retirer/",
        invitation_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("quoi-de-neuf/", news_views.whats_new_page, name="whats_new"),
    path("quoi-de-neuf/tout-vu/", news_views.whats_new_seen, name="whats_new_seen"),
    path("espaces/<slug:slug>/documents/", forum_views.space_library, name="space_library"),
    path("fichiers/<int:pk>/", forum_views.attachment_download, name="attachment"),
    path(
        "fichiers/<int:pk>/vignette/",
        forum_views.attachment_download,
        {"thumbnail": True},
        name="attachment_thumbnail",
    ),
    path("espaces/<slug:slug>/nouveau-sujet/", forum_views.topic_create, name="topic_create"),
    path("sujets/<int:pk>-<slug:slug>/", forum_views.topic_detail, name="topic"),
    path("sujets/<int:pk>/repondre/", forum_views.topic_reply, name="topic_reply"),
    path("sujets/<int:pk>/nouveaux/", forum_views.topic_new_posts, name="topic_new_posts"),
    path("sujets/<int:pk>/partager/", forum_views.topic_share, name="topic_share"),
    # Private conversations: /messages/<id>/ is a forum post's permalink.
    path("apercu/", composer_views.composer_preview, name="composer_preview"),
    path("brouillons/", composer_views.drafts, name="drafts"),
    path("brouillons/enregistrer/", composer_views.draft_save, name="draft_save"),
    path("brouillons/jeter/", composer_views.draft_discard, name="draft_discard"),
    path("messages/", messaging_views.inbox, name="inbox"),
    path("messages/nouvelle/", messaging_views.conversation_start, name="conversation_start"),
    path(
        "messages/conversation/<int:pk>/",
        messaging_views.conversation_detail,
        name="conversation",
    ),
    path(
        "messages/conversation/<int:pk>/repondre/",
        messaging_views.conversation_reply,
        name="conversation_reply",
    ),
    path(
        "messages/conversation/<int:pk>/nouveaux/",
        messaging_views.conversation_new_messages,
        name="conversation_new_messages",
    ),
    path(
        "messages/conversation/<int:pk>/ajouter/",
        messaging_views.conversation_add,
        name="conversation_add",
    ),
    path(
        "messages/conversation/<int:pk>/sourdine/",
        messaging_views.conversation_mute,
        name="conversation_mute",
    ),
    path(
        "messages/conversation/<int:pk>/quitter/",
        messaging_views.conversation_leave,
        name="conversation_leave",
    ),
    path(
        "messages/prives/<int:pk>/signaler/",
        moderation_views.private_message_flag,
        name="private_message_flag",
    ),
    path("moderation/messages-prives/", moderation_views.message_reports, name="message_reports"),
    path(
        "moderation/messages-prives/<int:pk>/",
        moderation_views.message_report,
        name="message_report",
    ),
    path(
        "messages/fichiers/<int:pk>/",
        messaging_views.conversation_attachment,
        name="conversation_attachment",
    ),
    path(
        "messages/fichiers/<int:pk>/vignette/",
        messaging_views.conversation_attachment,
        {"thumbnail": True},
        name="conversation_attachment_thumbnail",
    ),
    path("messages/<int:pk>/", forum_views.post_permalink, name="post"),
    path("messages/<int:pk>/modifier/", forum_views.post_edit, name="post_edit"),
    path("messages/<int:pk>/supprimer/", forum_views.post_delete, name="post_delete"),
    path("messages/<int:pk>/reagir/", forum_views.post_react, name="post_react"),
    path("reactions/", forum_views.react, name="react"),
    path("membres/", directory_views.member_directory, name="directory"),
    path("messages/<int:pk>/signaler/", moderation_views.post_flag, name="post_flag"),
    path("messages/<int:pk>/masquer/", moderation_views.post_hide, name="post_hide"),
    path("messages/<int:pk>/retablir/", moderation_views.post_restore, name="post_restore"),
    path("sujets/<int:pk>/moderer/", moderation_views.topic_moderate, name="topic_moderate"),
    path("signalements/<int:pk>/classer/", moderation_views.flag_dismiss, name="flag_dismiss"),
    path(
        "espaces/<slug:slug>/animation/",
        facilitation_views.space_dashboard,
        name="space_dashboard",
    ),
    path(
        "espaces/<slug:slug>/animation/epingler/<int:pk>/",
        facilitation_views.dashboard_pin,
        name="dashboard_pin",
    ),
    path(
        "espaces/<slug:slug>/animation/accueillir/<int:pk>/",
        facilitation_views.dashboard_welcome,
        name="dashboard_welcome",
    ),
    path("membres/<slug:handle>/", views.member_detail, name="member"),
    path("monogrammes/<int:colour>/<str:letters>.svg", views.monogram, name="monogram"),
    path("membres/<slug:handle>/bloquer/", views.member_block, name="member_block"),
    path("membres/<slug:handle>/debloquer/", views.member_unblock, name="member_unblock"),
    path("mentions/", following_views.mention_suggestions, name="mention_suggestions"),
    path("sujets/<int:pk>/suivi/", following_views.topic_follow, name="topic_follow"),
    path("espaces/<slug:slug>/suivi/", following_views.space_follow, name="space_follow"),
    path(
        "espaces/<slug:slug>/nouvelle-annonce/",
        following_views.announcement_create,
        name="announcement_create",
    ),
    path("annonces/<int:pk>/", following_views.announcement_detail, name="announcement"),
    path("desabonnement/<str:token>/", following_views.unsubscribe, name="unsubscribe"),
    path("notifications/", notification_views.notifications, name="notifications"),
    path(
        "notifications/<int:pk>/ouvrir/",
        notification_views.notification_open,
        name="notification_open",
    ),
    path(
        "notifications/<int:pk>/lue/",
        notification_views.notification_read,
        name="notification_read",
    ),
    path(
        "notifications/tout-marquer-comme-lu/",
        notification_views.notifications_read_all,
        name="notifications_read_all",
    ),
    path("sujets/<int:pk>/sondage/", poll_views.poll_edit, name="poll_edit"),
    path("sondages/<int:pk>/voter/", poll_views.poll_vote, name="poll_vote"),
    path("sondages/<int:pk>/clore/", poll_views.poll_close, name="poll_close"),
    path("mis-de-cote/", bookmark_views.bookmark_list, name="bookmarks"),
    path("mis-de-cote/messages/", bookmark_views.bookmark_post, name="bookmark_post"),
    path(
        "mis-de-cote/<slug:kind>/<int:object_id>/",
        bookmark_views.bookmark_set,
        name="bookmark_set",
    ),
    path(
        "mis-de-cote/<int:pk>/rappel/", bookmark_views.bookmark_reminder, name="bookmark_reminder"
    ),
    path("mis-de-cote/<int:pk>/retirer/", bookmark_views.bookmark_remove, name="bookmark_remove"),
]
