namespace Mekong.Platform.Storage.Bulk;

/// <summary>
/// A bulk insert refused a row: the message names the table, the row (1-based, in the order the source yielded it)
/// and, when known, the column. Nothing of the bulk insert is left in the caller's transaction.
/// </summary>
public sealed class BulkInsertException : Exception
{
    public BulkInsertException()
        : this("The bulk insert failed.")
    {
    }

    public BulkInsertException(string message)
        : base(message)
    {
        Table = string.Empty;
    }

    public BulkInsertException(string message, Exception innerException)
        : base(message, innerException)
    {
        Table = string.Empty;
    }

    public BulkInsertException(string table, long? row, string? column, string problem, Exception? innerException = null)
        : base(Describe(table, row, column, problem), innerException)
    {
        Table = table;
        Row = row;
        Column = column;
    }

    /// <summary>The table as the database names it (<c>geo.admin_units</c>, <c>geo_admin_units</c>).</summary>
    public string Table { get; }

    /// <summary>The row's position in the source, from 1; null when the database did not say which row.</summary>
    public long? Row { get; }

    /// <summary>The column's name in the table; null when the problem is not one column's.</summary>
    public string? Column { get; }

    private static string Describe(string table, long? row, string? column, string problem)
    {
        var where = (row, column) switch
        {
            ({ } r, { } c) => $"row {r}, column {c}",
            ({ } r, null) => $"row {r}",
            (null, { } c) => $"column {c}",
            _ => null,
        };
        return where is null ? $"Bulk insert into {table} failed: {problem}" : $"Bulk insert into {table} failed at {where}: {problem}";
    }
}
