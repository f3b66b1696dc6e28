from enum import StrEnum


class SortImagesBy(StrEnum):
    CUSTOM = "custom"
    DATE_ADDED = "date_added"
    DATE_ADDED_DESC = "-date_added"
    NAME = "name"
    NAME_DESC = "-name"

    def __str__(self) -> str:
        return str(self.value)
