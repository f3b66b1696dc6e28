from enum import StrEnum


class ImageAiVersion(StrEnum):
    DEV = "dev"
    VALUE_0 = "5.x"
    VALUE_1 = "5.0"
    VALUE_10 = "3.x"
    VALUE_11 = "3.5"
    VALUE_12 = "3.4"
    VALUE_13 = "3.3"
    VALUE_14 = "3.2"
    VALUE_15 = "3.1"
    VALUE_16 = "3.0"
    VALUE_2 = "4.x"
    VALUE_3 = "4.7"
    VALUE_4 = "4.5"
    VALUE_5 = "4.4"
    VALUE_6 = "4.3"
    VALUE_7 = "4.2"
    VALUE_8 = "4.1"
    VALUE_9 = "4.0"

    def __str__(self) -> str:
        return str(self.value)
