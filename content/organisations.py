"""Read organisations from the directory for content pages (the directory never imports content)."""

from dataclasses import dataclass, field

from django.db.models import Count


@dataclass(frozen=True)
class ClusterOrganisations:
    items: list
    total: int
    by_country: dict[str, int] = field(default_factory=dict)


def organisations_in_cluster(cluster: str, *, limit: int = 12) -> ClusterOrganisations:
    """Public directory organisations tagged with `cluster`: the first `limit` by name, the total, counts per country."""
    from directory.selectors import public_organisations

    queryset = public_organisations().in_clusters([cluster]).order_by("name")
    counts = {row["country"]: row["n"] for row in queryset.order_by().values("country").annotate(n=Count("id"))}
    return ClusterOrganisations(items=list(queryset[:limit]), total=sum(counts.values()), by_country=counts)
