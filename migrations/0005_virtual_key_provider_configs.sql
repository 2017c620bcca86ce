-- Weighted provider configs per virtual key (Bifrost's `provider_configs`): JSON list of
-- {provider, weight, allowed_models}. Empty = no provider restriction and no weighted routing.
ALTER TABLE virtual_keys ADD COLUMN provider_configs TEXT NOT NULL DEFAULT '[]';
