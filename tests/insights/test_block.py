"""The content block that places an insight chart in a page."""

import io

import pytest
from wagtail.blocks.struct_block import StructBlockValidationError

from content.blocks import BodyBlock, InsightChartBlock
from insights.indicators import upload_indicators

pytestmark = pytest.mark.django_db


def test_block_renders_the_chart_in_the_active_language(region, rf):
    from django.utils import translation

    block = InsightChartBlock()
    value = block.to_python({"chart": "collaboration", "cluster": "health_medtech", "country": ""})
    with translation.override("nl"):
        html = block.render(value)
    assert "Nederlands-Duitse samenwerking per jaar: Gezondheid &amp; Medische Technologie" in html
    assert "<svg" in html and "<table" in html and "/nl/insights/health_medtech/collaboration.csv" in html
    assert 'href="/nl/insights/health_medtech/"' in html


def test_block_country_filter(region):
    block = InsightChartBlock()
    html = block.render(block.to_python({"chart": "organisations-by-type", "cluster": "", "country": "NL"}))
    assert ">Netherlands</th>" in html and ">Germany</th>" not in html


def test_block_with_an_indicator(region):
    upload_indicators(
        file=io.BytesIO(b"indicator,region,year,value,unit,source\njobs_test,NL21,2020,5,persons,Test office\n"),
        file_name="x.csv",
    )
    block = InsightChartBlock()
    html = block.render(block.to_python({"chart": "indicator", "indicator": "jobs_test"}))
    assert "Jobs test" in html and "Source: Test office" in html


def test_block_needs_an_indicator_when_asked_for_one():
    block = InsightChartBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"chart": "indicator", "indicator": ""}))


def test_block_never_breaks_the_page(region):
    block = InsightChartBlock()
    html = block.render(block.to_python({"chart": "indicator", "indicator": "deleted_meanwhile"}))
    assert "not available" in html


def test_body_streamfield_offers_the_block():
    assert "insight_chart" in BodyBlock().child_blocks
