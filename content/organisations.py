"""Read organisations from the directory for content pages (the directory never imports content)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ClusterOrganisations:
    items: list
    total: int


def organisations_in_cluster(cluster: str, *, limit: int = 12) -> ClusterOrganisations:
    """Public directory organisations tagged with `cluster`, alphabetically, with the total count."""
    from directory.models import Organisation

    queryset = Organisation.objects.public().in_clusters([cluster]).order_by("name")
    return ClusterOrganisations(items=list(queryset[:limit]), total=queryset.count())
