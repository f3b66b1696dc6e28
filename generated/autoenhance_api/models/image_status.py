from enum import StrEnum


class ImageStatus(StrEnum):
    ERROR = "error"
    EXPIRED = "expired"
    PROCESSED = "processed"
    PROCESSING = "processing"
    WAITING = "waiting"

    def __str__(self) -> str:
        return str(self.value)
