using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.Telemetry.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "telemetry_devices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TypeCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Latitude = table.Column<double>(type: "REAL", nullable: false),
                    Longitude = table.Column<double>(type: "REAL", nullable: false),
                    CommuneCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    OwnerAgency = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    TokenIssuedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_telemetry_devices", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_telemetry_devices_JurisdictionCode_Code",
                table: "telemetry_devices",
                columns: new[] { "JurisdictionCode", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_telemetry_devices_JurisdictionCode_TypeCode",
                table: "telemetry_devices",
                columns: new[] { "JurisdictionCode", "TypeCode" });

            migrationBuilder.CreateIndex(
                name: "IX_telemetry_devices_TokenHash",
                table: "telemetry_devices",
                column: "TokenHash",
                unique: true);

            // The time-series tables (ADR 0027), as written: the model cannot state partitions, BRIN or WITHOUT ROWID.
            migrationBuilder.Sql("""
                CREATE TABLE telemetry_readings (
                    device_id INTEGER NOT NULL, measurement_id INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL,
                    PRIMARY KEY (device_id, measurement_id, ts)) WITHOUT ROWID;
                CREATE TABLE telemetry_rollups_1m (
                    device_id INTEGER NOT NULL, measurement_id INTEGER NOT NULL, bucket INTEGER NOT NULL,
                    n INTEGER NOT NULL, total REAL NOT NULL, low REAL NOT NULL, high REAL NOT NULL,
                    PRIMARY KEY (device_id, measurement_id, bucket)) WITHOUT ROWID;
                CREATE TABLE telemetry_rollups_1h (
                    device_id INTEGER NOT NULL, measurement_id INTEGER NOT NULL, bucket INTEGER NOT NULL,
                    n INTEGER NOT NULL, total REAL NOT NULL, low REAL NOT NULL, high REAL NOT NULL,
                    PRIMARY KEY (device_id, measurement_id, bucket)) WITHOUT ROWID;
                CREATE TABLE telemetry_rollups_1d (
                    device_id INTEGER NOT NULL, measurement_id INTEGER NOT NULL, bucket INTEGER NOT NULL,
                    n INTEGER NOT NULL, total REAL NOT NULL, low REAL NOT NULL, high REAL NOT NULL,
                    PRIMARY KEY (device_id, measurement_id, bucket)) WITHOUT ROWID;
                CREATE TABLE telemetry_latest (
                    device_id INTEGER NOT NULL, measurement_id INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL,
                    received_at INTEGER NOT NULL,
                    PRIMARY KEY (device_id, measurement_id)) WITHOUT ROWID;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TABLE telemetry_latest;
                DROP TABLE telemetry_rollups_1d;
                DROP TABLE telemetry_rollups_1h;
                DROP TABLE telemetry_rollups_1m;
                DROP TABLE telemetry_readings;
                """);

            migrationBuilder.DropTable(
                name: "telemetry_devices");
        }
    }
}
