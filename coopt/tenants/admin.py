from typing import Any

from django.contrib import admin
from django.db import transaction
from django.http import HttpRequest

from config.hosts import forget_tenant_domains

from .models import Domain, Tenant


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 1


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "mode", "is_active"]
    inlines = [DomainInline]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # New, renamed or removed domains and (de)activation change the allowed hosts.
        super().save_related(request, form, formsets, change)
        transaction.on_commit(forget_tenant_domains)
