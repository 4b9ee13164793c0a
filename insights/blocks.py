"""What the content block `content.blocks.InsightChartBlock` needs: its choices and the chart it shows."""

from __future__ import annotations

import logging

from django.utils.translation import gettext_lazy as _

from directory.clusters import CLUSTER_CHOICES

from .catalogue import CHART_CHOICES, build_chart
from .figures import ALL, get_figures

logger = logging.getLogger(__name__)

INDICATOR = "indicator"
BLOCK_CHART_CHOICES = [*CHART_CHOICES, (INDICATOR, _("Market indicator (choose it below)"))]
BLOCK_CLUSTER_CHOICES = [("", _("Whole region")), *CLUSTER_CHOICES]
BLOCK_COUNTRY_CHOICES = [("", _("Both countries")), ("NL", _("Netherlands only")), ("DE", _("Germany only"))]


def indicator_choices() -> list[tuple[str, str]]:
    from .models import Indicator

    try:
        return [(slug, label) for slug, label in Indicator.objects.values_list("slug", "label_en")]
    except Exception:  # noqa: BLE001 - the table may not exist yet while migrating
        return []


def block_chart(value) -> object | None:
    """The chart a block value asks for, or None when it cannot be drawn (logged; the page still renders)."""
    try:
        if value.get("chart") == INDICATOR:
            from .indicators import indicator_chart
            from .models import Indicator

            indicator = Indicator.objects.filter(slug=value.get("indicator") or "").first()
            if indicator is None:
                return None
            return indicator_chart(indicator)
        scope = value.get("cluster") or ALL
        return build_chart(scope, value["chart"], get_figures(scope), country=value.get("country") or None)
    except Exception:  # noqa: BLE001 - a chart must never break the content page around it
        logger.exception("Insight chart block could not be drawn: %r", dict(value))
        return None
