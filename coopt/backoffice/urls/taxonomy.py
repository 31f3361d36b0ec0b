"""The taxonomy editor: locations, job families and sectors."""

from django.urls import path

from ..views import taxonomy

urlpatterns = [
    path("taxonomy/", taxonomy.taxonomy, name="taxonomy"),
    path("taxonomy/new/<slug:kind>/", taxonomy.taxonomy_create, name="taxonomy_create"),
    path("taxonomy/<int:tag_id>/", taxonomy.taxonomy_edit, name="taxonomy_edit"),
    path("taxonomy/<int:tag_id>/merge/", taxonomy.taxonomy_merge, name="taxonomy_merge"),
    path("taxonomy/<int:tag_id>/archive/", taxonomy.taxonomy_archive, name="taxonomy_archive"),
    path(
        "taxonomy/<int:tag_id>/unarchive/", taxonomy.taxonomy_unarchive, name="taxonomy_unarchive"
    ),
    path(
        "taxonomy/default-country/",
        taxonomy.taxonomy_default_country,
        name="taxonomy_default_country",
    ),
]
