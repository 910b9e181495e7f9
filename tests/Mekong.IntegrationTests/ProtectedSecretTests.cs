using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using Mekong.IntegrationTests.Infrastructure;
using Mekong.Platform.Secrets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Mekong.IntegrationTests;

/// <summary>Module secrets encrypted at rest with Data Protection (issue 13 "Protected secrets"), on both providers.</summary>
public abstract class ProtectedSecretTests(DatabaseKind kind)
{
    private static readonly SecretPurpose Cameras = new("test.cameras.credentials");
    private static readonly SecretPurpose Webhooks = new("test.webhooks.secret");

    [Fact]
    public async Task A_secret_is_stored_encrypted_and_read_back_only_under_its_own_purpose()
    {
        if (kind == DatabaseKind.PostgreSql)
        {
            await PostgresServer.RequireAsync();
        }

        await using var storage = await TestStorage.CreateAsync(kind);
        const string plain = "camera-password-Đà-Lạt-42";
        var id = Guid.NewGuid();
        using (var services = Services(storage.DataDirectory))
        {
            var protector = services.GetRequiredService<ISecretProtector>();
            await using var db = Context(storage);
            await db.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
            db.Credentials.Add(new Credential { Id = id, Password = protector.Protect(Cameras, plain) });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        // What the database holds is not the plain text, nor contains it.
        var stored = await ReadRawAsync(storage, id);
        Assert.NotEqual(plain, stored);
        Assert.DoesNotContain("camera-password", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(plain)), stored, StringComparison.Ordinal);

        // A restarted process (same key ring and certificate) reads it back; another purpose cannot.
        using (var services = Services(storage.DataDirectory))
        {
            var protector = services.GetRequiredService<ISecretProtector>();
            await using var db = Context(storage);
            var credential = await db.Credentials.SingleAsync(c => c.Id == id, TestContext.Current.CancellationToken);
            Assert.Equal(plain, protector.Reveal(Cameras, credential.Password));
            Assert.ThrowsAny<CryptographicException>(() => protector.Reveal(Webhooks, credential.Password));
        }
    }

    [Fact]
    public void A_secret_prints_as_a_redaction_and_is_never_serialised()
    {
        using var directory = new TemporaryDirectory();
        using var services = Services(directory.Path);
        var secret = services.GetRequiredService<ISecretProtector>().Protect(Webhooks, "whsec_plain");

        Assert.Equal("[protected secret]", secret.ToString());
        Assert.DoesNotContain("whsec", $"{new { secret }}", StringComparison.Ordinal);
        Assert.Throws<JsonException>(() => JsonSerializer.Serialize(new { secret }));
    }

    private static ServiceProvider Services(string dataDirectory) => new ServiceCollection()
        .AddLogging()
        .AddMekongDataProtection(new ConfigurationBuilder().Build(), dataDirectory)
        .BuildServiceProvider();

    private static SecretsContext Context(TestStorage storage)
    {
        var options = new DbContextOptionsBuilder<SecretsContext>();
        if (storage.Kind == DatabaseKind.PostgreSql)
        {
            options.UseNpgsql(storage.ConnectionString);
        }
        else
        {
            options.UseSqlite($"Data Source={Path.Combine(storage.DataDirectory, "secrets-test.db")}");
        }

        return new SecretsContext(options.Options);
    }

    private static async Task<string> ReadRawAsync(TestStorage storage, Guid id)
    {
        await using DbConnection connection = storage.Kind == DatabaseKind.PostgreSql
            ? new NpgsqlConnection(storage.ConnectionString)
            : new SqliteConnection($"Data Source={Path.Combine(storage.DataDirectory, "secrets-test.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT \"Password\" FROM credentials WHERE \"Id\" = @id";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "id";
        parameter.Value = storage.Kind == DatabaseKind.PostgreSql ? id : id.ToString().ToUpperInvariant();
        command.Parameters.Add(parameter);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private sealed class Credential
    {
        public Guid Id { get; set; }

        public ProtectedSecret Password { get; set; }
    }

    private sealed class SecretsContext(DbContextOptions<SecretsContext> options) : DbContext(options)
    {
        public DbSet<Credential> Credentials => Set<Credential>();

        protected override void OnModelCreating(ModelBuilder modelBuilder) =>
            modelBuilder.Entity<Credential>(c =>
            {
                c.ToTable("credentials");
                c.Property(x => x.Password).HasConversion<ProtectedSecretConverter>();
            });
    }

    private sealed class TemporaryDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("mekong-secrets-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

public sealed class ProtectedSecretTests_Sqlite() : ProtectedSecretTests(DatabaseKind.Sqlite);

public sealed class ProtectedSecretTests_PostgreSql() : ProtectedSecretTests(DatabaseKind.PostgreSql);
