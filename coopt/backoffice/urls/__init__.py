from .members import urlpatterns as members_urls
from .pipeline import urlpatterns as pipeline_urls
from .qualification import urlpatterns as qualification_urls
from .taxonomy import urlpatterns as taxonomy_urls

app_name = "backoffice"
urlpatterns = [*pipeline_urls, *qualification_urls, *members_urls, *taxonomy_urls]
