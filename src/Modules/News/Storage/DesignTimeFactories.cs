using Mekong.Platform.Storage;

namespace Mekong.Modules.News.Storage;

// Used only by 'dotnet ef migrations add'; the running server configures contexts through ModuleDatabase.
internal sealed class NewsSqliteDesignFactory() : SqliteDesignFactory<NewsSqliteDbContext>(NewsDbContext.Schema);

internal sealed class NewsPostgresDesignFactory() : PostgresDesignFactory<NewsPostgresDbContext>(NewsDbContext.Schema);
