"""The table of the anonymous usage counts (bot/usage/counts.py); migration 0003 creates it."""

from __future__ import annotations

from sqlalchemy import Column, Date, Integer, String

from bot.db.base import Base


class DailyCount(Base):  # type: ignore[misc]
    """Anonymous aggregate statistics (bot/usage/counts.py): how many conversations touched a
    topic, per day, language and region. Never anything per conversation."""

    __tablename__ = "daily_counts"
    day = Column(Date, primary_key=True)
    language = Column(String(8), primary_key=True)
    family = Column(String(32), primary_key=True)
    region = Column(String(40), primary_key=True)
    count = Column(Integer, nullable=False)
