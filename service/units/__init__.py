"""Administrative units of Viet Nam, current (after 1 July 2025) and legacy (before)."""

from service.units.directory import UnitDirectory
from service.units.model import REFORM_DATE, Era, Tier, Unit, era_of

__all__ = ["REFORM_DATE", "Era", "Tier", "Unit", "UnitDirectory", "era_of"]
