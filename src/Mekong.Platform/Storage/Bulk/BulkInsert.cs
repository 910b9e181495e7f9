using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Mekong.Platform.Storage.Bulk;

/// <summary>
/// Large inserts beside EF (docs/adr/0017-bulk-writes.md): binary <c>COPY ... FROM STDIN</c> on PostgreSQL, one
/// prepared INSERT reused for every row on SQLite, both on the caller's connection and inside the transaction the
/// caller opened on its context, so the rows commit or roll back with the caller's other changes. Rows stream from
/// the source one at a time (memory stays bounded whatever the count). EF does not see them: they are not tracked,
/// and a key the database generates is not read back.
/// </summary>
public static partial class BulkInsert
{
    private const string Savepoint = "mekong_bulk_insert";

    /// <summary>Inserts <paramref name="rows"/> into <typeparamref name="TEntity"/>'s table; returns how many were inserted.</summary>
    public static Task<long> BulkInsertAsync<TEntity>(this DbContext db, IEnumerable<TEntity> rows, CancellationToken cancellationToken = default)
        where TEntity : class =>
        db.BulkInsertAsync(rows.ToAsyncEnumerable(), cancellationToken);

    /// <inheritdoc cref="BulkInsertAsync{TEntity}(DbContext, IEnumerable{TEntity}, CancellationToken)"/>
    public static async Task<long> BulkInsertAsync<TEntity>(this DbContext db, IAsyncEnumerable<TEntity> rows, CancellationToken cancellationToken = default)
        where TEntity : class
    {
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("A bulk insert runs in the caller's transaction: open one with db.Database.BeginTransactionAsync() first, and commit it after.");
        var table = BulkTable<TEntity>.Of(db);

        // A savepoint makes the bulk insert all or nothing inside the caller's transaction on both providers alike:
        // PostgreSQL would otherwise leave the whole transaction aborted, SQLite the rows before the bad one written.
        await transaction.CreateSavepointAsync(Savepoint, cancellationToken);
        try
        {
            var count = db.Database.IsNpgsql()
                ? await CopyAsync(db, table, rows, cancellationToken)
                : await InsertAsync(db, transaction, table, rows, cancellationToken);
            await transaction.ReleaseSavepointAsync(Savepoint, cancellationToken);
            return count;
        }
        catch
        {
            await RollBackAsync(transaction);
            throw;
        }
    }

    private static async Task RollBackAsync(IDbContextTransaction transaction)
    {
        try
        {
            await transaction.RollbackToSavepointAsync(Savepoint, CancellationToken.None);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            // The connection is gone (or the transaction with it): nothing of the insert can commit anyway, and the
            // caller is better served by the exception that stopped the insert than by this one.
        }
    }

    private static async Task<long> CopyAsync<TEntity>(DbContext db, BulkTable<TEntity> table, IAsyncEnumerable<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var columns = table.Columns;
        var copy = $"COPY {table.QuotedName} ({string.Join(", ", columns.Select(c => c.QuotedName))}) FROM STDIN (FORMAT BINARY)";
        long count = 0;
        try
        {
            await using var importer = await connection.BeginBinaryImportAsync(copy, cancellationToken);
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                count++;
                await importer.StartRowAsync(cancellationToken);
                foreach (var column in columns)
                {
                    await column.WriteAsync(importer, row, count, table.DisplayName, cancellationToken);
                }
            }

            return (long)await importer.CompleteAsync(cancellationToken);
        }
        catch (PostgresException e)
        {
            // The server checks constraints (unique, foreign keys, checks) as rows arrive; its context names the line.
            var line = e.Where is { } where && CopyLine().Match(where) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : (long?)null;
            throw new BulkInsertException(table.DisplayName, line, e.ColumnName, e.MessageText + (e.Detail is { } detail ? $" ({detail})" : string.Empty), e);
        }
    }

    private static async Task<long> InsertAsync<TEntity>(DbContext db, IDbContextTransaction transaction, BulkTable<TEntity> table, IAsyncEnumerable<TEntity> rows, CancellationToken cancellationToken)
        where TEntity : class
    {
        var columns = table.Columns;
        await using var command = (SqliteCommand)db.Database.GetDbConnection().CreateCommand();
        command.Transaction = (SqliteTransaction)transaction.GetDbTransaction();
        command.CommandTimeout = db.Database.GetCommandTimeout() ?? 30;
        command.CommandText = $"INSERT INTO {table.QuotedName} ({string.Join(", ", columns.Select(c => c.QuotedName))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
        var parameters = new DbParameter[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            // EF's own type mapping configures the parameter, so values are stored as EF stores them (Guid and dates as text, …).
            parameters[i] = columns[i].Mapping.CreateParameter(command, $"@p{i}", null, columns[i].IsNullable);
            command.Parameters.Add(parameters[i]);
        }

        command.Prepare();
        long count = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            count++;
            for (var i = 0; i < columns.Count; i++)
            {
                parameters[i].Value = columns[i].ProviderValue(row, count, table.DisplayName) ?? DBNull.Value;
            }

            try
            {
                // Microsoft.Data.Sqlite's async calls run synchronously anyway; the plain call saves a task per row.
                command.ExecuteNonQuery();
            }
            catch (SqliteException e)
            {
                throw new BulkInsertException(table.DisplayName, count, ColumnOf(e.Message, columns), e.Message, e);
            }
        }

        return count;
    }

    /// <summary>SQLite names the column of a NOT NULL or UNIQUE failure as <c>table.column</c> in its message.</summary>
    private static string? ColumnOf<TEntity>(string message, IReadOnlyList<BulkColumn<TEntity>> columns)
        where TEntity : class =>
        columns.FirstOrDefault(c => message.Contains("." + c.Name, StringComparison.Ordinal))?.Name;

    [GeneratedRegex(@"\bline (\d+)")]
    private static partial Regex CopyLine();
}
