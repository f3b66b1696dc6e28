"""A client library for accessing Autoenhance.ai Orders API"""

from .client import AuthenticatedClient, Client

__all__ = (
    "AuthenticatedClient",
    "Client",
)
