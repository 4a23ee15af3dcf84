// The database roles of issue 16 (README, "Database roles"). Migrations grant to the service
// and identity roles by these names; the login roles named in DATABASE_URL and
// IDENTITY_DATABASE_URL are these roles or members of them. The owner is whoever runs the
// migrations (MIGRATION_DATABASE_URL), by default notice_relay_owner.
export const OWNER_ROLE = 'notice_relay_owner';
export const APP_ROLE = 'notice_relay_app';
export const IDENTITY_ROLE = 'notice_relay_identity';
