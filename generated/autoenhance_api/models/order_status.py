from enum import StrEnum


class OrderStatus(StrEnum):
    ERROR = "error"
    PROCESSED = "processed"
    PROCESSING = "processing"
    WAITING = "waiting"

    def __str__(self) -> str:
        return str(self.value)
