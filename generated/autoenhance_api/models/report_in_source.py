from enum import StrEnum


class ReportInSource(StrEnum):
    API = "API"
    WEBAPP = "WEBAPP"

    def __str__(self) -> str:
        return str(self.value)
