-- WASM plugins (issue 16): a row may name a bundled `.wasm` under plugins/ by its path, as Bifrost's
-- TablePlugin does; NULL for TypeScript plugins, which are found by name.
ALTER TABLE plugins ADD COLUMN path TEXT;
