from django.urls import path

from . import data_views, views

app_name = "members"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("sign-in/", views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/complete/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("profile/", views.profile_edit, name="profile"),
    path("team/", views.team, name="team"),
    path("team/invitations/<int:pk>/withdraw/", views.invitation_revoke, name="invitation_revoke"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("claim/", views.claim_search, name="claim_search"),
    path("claims/sent/", views.claim_sent, name="claim_sent"),
    path("claim/<slug:slug>/", views.claim_create, name="claim_create"),
    path("data/", data_views.data_overview, name="data"),
    path("data/export/", data_views.data_export, name="data_export"),
    path("data/delete/", data_views.account_delete, name="account_delete"),
    path("data/deleted/", data_views.account_deleted, name="account_deleted"),
]
