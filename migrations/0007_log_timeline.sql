-- Per request: every hook with its timing, every attempt and upstream try (JSON; see
-- src/pipeline/timeline.ts timelineRecord). NULL for rows written before it existed.
ALTER TABLE logs ADD COLUMN timeline TEXT;
