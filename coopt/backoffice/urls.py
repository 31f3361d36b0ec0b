from .urls_members import urlpatterns as members_urls
from .urls_pipeline import urlpatterns as pipeline_urls

app_name = "backoffice"
urlpatterns = [*pipeline_urls, *members_urls]
