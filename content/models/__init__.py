from .base import BasePage
from .home import HomePage
from .pages import (
    ClusterIndexPage,
    ClusterPage,
    ClusterTag,
    NewsIndexPage,
    NewsPage,
    StandardPage,
    SuccessStoryIndexPage,
    SuccessStoryPage,
    SuccessStoryPartner,
)
from .snippets import Navigation

__all__ = [
    "BasePage",
    "ClusterIndexPage",
    "ClusterPage",
    "ClusterTag",
    "HomePage",
    "Navigation",
    "NewsIndexPage",
    "NewsPage",
    "StandardPage",
    "SuccessStoryIndexPage",
    "SuccessStoryPage",
    "SuccessStoryPartner",
]
