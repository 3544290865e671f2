// Its own module so that the CLI can recognise the refusal without loading the migration code for --help.

/** A database migrated by a newer TubePilot: this version does not know its schema, so it does not touch it. */
export class DatabaseTooNewError extends Error {
  constructor(readonly unknownMigrations: string[]) {
    super(
      `This database was migrated by a newer version of TubePilot: it has ${unknownMigrations.length === 1 ? 'migration' : 'migrations'} ` +
        `${unknownMigrations.join(', ')}, which this version does not have. Nothing was changed. Run the newer ` +
        'version, or point DATA_DIR (or DATABASE_URL) at another database.',
    );
    this.name = 'DatabaseTooNewError';
  }
}
