"""What routes receive, as `Annotated` aliases: the engine, the settings, the stores, the web
templates, the workers that check uploads (request bodies: `service.api.bodies`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from service.api.pdf import PdfConverter
from service.api.workers import CheckPool
from service.batch.jobs import Batches
from service.config import Settings
from service.deps import Deps
from service.store import (
    Database,
    DraftRepository,
    EventLog,
    RegisterRepository,
    ReviewRepository,
    UserRepository,
)
from service.web import WebTemplates


@dataclass(frozen=True)
class Services:
    """Everything the routes use, built once by `create_app` (tests build their own)."""

    engine: Deps
    settings: Settings
    database: Database
    drafts: DraftRepository
    web: WebTemplates
    pdf: PdfConverter
    checks: CheckPool

    @property
    def users(self) -> UserRepository:
        return UserRepository(self.database)

    @property
    def reviews(self) -> ReviewRepository:
        return ReviewRepository(self.database)

    @property
    def events(self) -> EventLog:
        return EventLog(self.database)

    @property
    def register(self) -> RegisterRepository:
        return RegisterRepository(self.database)


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def get_batches(request: Request) -> Batches:
    """The batch jobs of the app (store and worker), set by `create_app`."""
    batches: Batches = request.app.state.batches
    return batches


def get_engine(request: Request) -> Deps:
    return get_services(request).engine


def get_settings(request: Request) -> Settings:
    return get_services(request).settings


def get_drafts(request: Request) -> DraftRepository:
    return get_services(request).drafts


def get_web(request: Request) -> WebTemplates:
    return get_services(request).web


def get_pdf(request: Request) -> PdfConverter:
    return get_services(request).pdf
def get_checks(request: Request) -> CheckPool:
    return get_services(request).checks


ServicesDep = Annotated[Services, Depends(get_services)]
EngineDep = Annotated[Deps, Depends(get_engine)]
BatchesDep = Annotated[Batches, Depends(get_batches)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
DraftsDep = Annotated[DraftRepository, Depends(get_drafts)]
WebDep = Annotated[WebTemplates, Depends(get_web)]
PdfDep = Annotated[PdfConverter, Depends(get_pdf)]
ChecksDep = Annotated[CheckPool, Depends(get_checks)]
