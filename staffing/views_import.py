"""The page that imports one column's posts from CSV or XLSX (:class:`staffing.imports.PostsImport`)."""

from partnership.permissions import can_edit_any_staff_post, refuse
from staffing.imports import PostsImport
from staffing.views import column_from_url, column_url, readable_service, service_partners


def import_posts(request, slug, year, kind):
    service = readable_service(request, slug)
    column = column_from_url(year, kind)
    councils, current_ids = service_partners(service)
    if not can_edit_any_staff_post(request.user, service, current_ids):
        raise refuse(request.user, f"import posts into {service.name}", service.slug)
    posts_url = column_url("posts", service, column)
    flow = PostsImport(
        request, service=service, column=column, councils=councils, current_ids=current_ids, posts_url=posts_url
    )
    return flow.respond()
