using Mekong.Platform.Storage;

namespace Mekong.Modules.ModuleTemplate.Storage;

// Used only by 'dotnet ef migrations add'; the running server configures contexts through ModuleDatabase.
internal sealed class ModuleTemplateSqliteDesignFactory() : SqliteDesignFactory<ModuleTemplateSqliteDbContext>(ModuleTemplateDbContext.Schema);

internal sealed class ModuleTemplatePostgresDesignFactory() : PostgresDesignFactory<ModuleTemplatePostgresDbContext>(ModuleTemplateDbContext.Schema);
