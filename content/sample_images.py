"""Simple generated cover images for the sample clusters (no download needed): a gradient in the cluster's colour."""

import io
import math

from django.core.files.images import ImageFile
from wagtail.images import get_image_model

CLUSTER_COLOURS = {
    "battery_hydrogen": ((20, 92, 60), (58, 170, 110)),
    "circular_economy": ((70, 96, 10), (150, 186, 40)),
    "advanced_manufacturing_robotics": ((7, 58, 80), (30, 130, 170)),
    "health_medtech": ((120, 30, 70), (200, 90, 130)),
}
WIDTH, HEIGHT = 1200, 630


def _render(cluster: str, label: str) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    start, end = CLUSTER_COLOURS[cluster]
    image = Image.new("RGB", (WIDTH, HEIGHT))
    draw = ImageDraw.Draw(image)
    for x in range(WIDTH):
        t = x / (WIDTH - 1)
        colour = tuple(round(a + (b - a) * t) for a, b in zip(start, end, strict=True))
        draw.line([(x, 0), (x, HEIGHT)], fill=colour)
    # A band of circles, lighter towards the right: the two sides of the border meeting.
    for index in range(9):
        radius = 40 + 12 * index
        cx = 620 + index * 70
        cy = HEIGHT // 2 + round(80 * math.sin(index / 1.5))
        draw.ellipse([cx - radius, cy - radius, cx + radius, cy + radius], outline=(255, 255, 255), width=3)
    try:
        font = ImageFont.load_default(size=64)
        small = ImageFont.load_default(size=36)
    except TypeError:  # Pillow without FreeType
        font = small = ImageFont.load_default()
    draw.text((70, 70), "TECH.LAND", fill=(255, 255, 255), font=small)
    draw.text((70, HEIGHT - 150), label, fill=(255, 255, 255), font=font)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def cluster_image(cluster: str, label: str):
    """The sample cover image of a cluster, created once (found again by its title)."""
    Image = get_image_model()
    title = f"TECH.LAND – {label}"
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    content = io.BytesIO(_render(cluster, label))
    return Image.objects.create(title=title, file=ImageFile(content, name=f"cluster-{cluster}.png"))
