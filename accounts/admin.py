from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.core.exceptions import ValidationError
from django.db import transaction

from . import services
from .forms import AvatarField
from .models import EMAIL_TAKEN, USERNAME_TAKEN, User


class SiteUserChangeForm(UserChangeForm):
    # Staff uploads go through the same checks and re-encoding as the settings page.
    avatar = AvatarField(required=False)

    class Meta(UserChangeForm.Meta):
        model = User

    # The case-insensitive unique constraints, said at their fields before the database refuses.
    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.with_username(username).exclude(pk=self.instance.pk).exists():
            raise ValidationError(USERNAME_TAKEN, code="username_taken")
        return username

    def clean_email(self):
        email = self.cleaned_data["email"]
        if email and User.objects.with_email(email).exclude(pk=self.instance.pk).exists():
            raise ValidationError(EMAIL_TAKEN, code="email_taken")
        return email


@admin.register(User)
class SiteUserAdmin(UserAdmin):
    form = SiteUserChangeForm
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Profile", {"fields": ("display_name", "bio", "avatar", "watchlist_visibility")}),
    )
    list_display = (*UserAdmin.list_display, "display_name", "watchlist_visibility", "date_joined")
    list_filter = (*UserAdmin.list_filter, "watchlist_visibility")
    search_fields = ("username", "email", "display_name")

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        # The form's initial avatar is the stored file, replaced or removed by now maybe.
        previous = form.initial.get("avatar")
        services.user_profile_save(
            user=obj, previous_avatar=getattr(previous, "name", previous) or ""
        )

    # Deleting goes through user_delete so titles' statistics lose the user's part.
    def delete_model(self, request, obj):
        services.user_delete(user=obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for user in queryset:
                services.user_delete(user=user)
