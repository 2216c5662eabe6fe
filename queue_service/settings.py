"""Process settings of the queue service: explicit arguments, or MOTCUA_* environment variables via from_env()."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

DEFAULT_DB = "sqlite:///var/motcua.db"


class Settings(BaseSettings):
    """`Settings(...)` takes its arguments and defaults only, so a test or the demo is never steered by a MOTCUA_*
    variable left in the shell; `Settings.from_env()` is the one place the environment is read (the CLI)."""

    model_config = SettingsConfigDict(env_prefix="MOTCUA_", extra="forbid")

    database_url: str = Field(DEFAULT_DB, description="SQLAlchemy URL of the store: SQLite file or postgresql+psycopg://")
    centre_files: list[Path] = Field(
        default_factory=lambda: [Path("examples/centre-demo.yaml")],
        description="centre configuration files this service serves (one centre each)",
    )
    public_url: str = Field("http://127.0.0.1:8000", description="base URL printed in ticket QR codes")
    host: str = Field("127.0.0.1", description="HTTP listen address")
    port: int = Field(8000, description="HTTP listen port")
    environment: str = Field("development", description="development or production")
    enforce_hours: bool = Field(True, description="refuse tickets outside the centre's opening hours")
    mqtt_credentials: Path | None = Field(
        None, description="service credential JSON written by `motcua broker` (service.json); set it to switch the "
        "MQTT bridge to devices on; unset, the service runs without devices",
    )
    mqtt_host: str | None = Field(None, description="broker address; default: the host in the credential file")
    mqtt_port: int | None = Field(None, description="broker port; default: the port in the credential file")
    session_hours: float = Field(10, gt=0, le=24, description="how long a staff member's browser sign-in lasts (a "
                                 "working day by default); then they sign in again")
    alerts_interval_s: float = Field(10.0, gt=0, le=300, description="how often the board's alerts are evaluated "
                                     "between changes (a wait or a pause passing its limit by the clock alone)")
    screen_timeout_s: float = Field(5.0, gt=0, le=60, description="how long the screen mirror relay waits for a screen "
                                    "agent to answer a capture or a touch before it tells the browser 504")
    ticket_streams_per_address: int = Field(
        200, ge=1, description="live ticket pages one client address may hold open at once (a centre's public Wi-Fi "
        "shows many citizens behind one address); more get 429")
    ticket_streams_max: int = Field(20000, ge=1, description="live ticket pages this process holds open in all")
    log_format: Literal["text", "json"] = Field("text", description="text (for a terminal) or json (one object "
                            "a line, for a log collector); both mask phone numbers, ID numbers and names")

    @classmethod
    def settings_customise_sources(cls, settings_cls: type[BaseSettings], init_settings: PydanticBaseSettingsSource,
                                   env_settings: PydanticBaseSettingsSource, dotenv_settings: PydanticBaseSettingsSource,
                                   file_secret_settings: PydanticBaseSettingsSource) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        """MOTCUA_* variables, with `overrides` (command-line flags) winning over them."""
        return _FromEnvironment(**overrides)

    @model_validator(mode="after")
    def _production_needs_real_store(self) -> "Settings":
        if self.environment == "production" and self.database_url == DEFAULT_DB:
            raise ValueError("set MOTCUA_DATABASE_URL explicitly in production")
        return self


class _FromEnvironment(Settings):
    """Settings that also read the environment; only Settings.from_env() builds it."""

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        return (init_settings, env_settings)
