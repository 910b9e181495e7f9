using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Mekong.Modules.Telemetry.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "telemetry");

            migrationBuilder.CreateTable(
                name: "devices",
                schema: "telemetry",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    JurisdictionCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    TypeCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Latitude = table.Column<double>(type: "double precision", nullable: false),
                    Longitude = table.Column<double>(type: "double precision", nullable: false),
                    CommuneCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    OwnerAgency = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    TokenIssuedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_devices", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_devices_JurisdictionCode_Code",
                schema: "telemetry",
                table: "devices",
                columns: new[] { "JurisdictionCode", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_devices_JurisdictionCode_TypeCode",
                schema: "telemetry",
                table: "devices",
                columns: new[] { "JurisdictionCode", "TypeCode" });

            migrationBuilder.CreateIndex(
                name: "IX_devices_TokenHash",
                schema: "telemetry",
                table: "devices",
                column: "TokenHash",
                unique: true);

            // The time-series tables (ADR 0027), as written: the model cannot state partitions, BRIN or WITHOUT ROWID.
            migrationBuilder.Sql("""
                CREATE TABLE telemetry.readings (
                    device_id bigint NOT NULL,
                    measurement_id smallint NOT NULL,
                    ts timestamptz NOT NULL,
                    value double precision NOT NULL,
                    CONSTRAINT pk_readings PRIMARY KEY (device_id, measurement_id, ts)
                ) PARTITION BY RANGE (ts);
                CREATE INDEX ix_readings_ts ON telemetry.readings USING brin (ts);
                CREATE TABLE telemetry.readings_default PARTITION OF telemetry.readings DEFAULT;

                CREATE TABLE telemetry.rollups_1m (
                    device_id bigint NOT NULL, measurement_id smallint NOT NULL, bucket timestamptz NOT NULL,
                    n integer NOT NULL, total double precision NOT NULL, low double precision NOT NULL, high double precision NOT NULL,
                    CONSTRAINT pk_rollups_1m PRIMARY KEY (device_id, measurement_id, bucket));
                CREATE TABLE telemetry.rollups_1h (
                    device_id bigint NOT NULL, measurement_id smallint NOT NULL, bucket timestamptz NOT NULL,
                    n integer NOT NULL, total double precision NOT NULL, low double precision NOT NULL, high double precision NOT NULL,
                    CONSTRAINT pk_rollups_1h PRIMARY KEY (device_id, measurement_id, bucket));
                CREATE TABLE telemetry.rollups_1d (
                    device_id bigint NOT NULL, measurement_id smallint NOT NULL, bucket timestamptz NOT NULL,
                    n integer NOT NULL, total double precision NOT NULL, low double precision NOT NULL, high double precision NOT NULL,
                    CONSTRAINT pk_rollups_1d PRIMARY KEY (device_id, measurement_id, bucket));
                CREATE TABLE telemetry.latest (
                    device_id bigint NOT NULL, measurement_id smallint NOT NULL, ts timestamptz NOT NULL,
                    value double precision NOT NULL, received_at timestamptz NOT NULL,
                    CONSTRAINT pk_latest PRIMARY KEY (device_id, measurement_id));

                -- Day partitions (UTC) from first_day to last_day that do not exist yet. A day the default partition already
                -- holds readings of is left there (PostgreSQL refuses a partition whose rows sit in the default).
                CREATE FUNCTION telemetry.ensure_reading_partitions(first_day date, last_day date) RETURNS integer
                LANGUAGE plpgsql AS $$
                DECLARE
                    d date := first_day;
                    made integer := 0;
                    lo timestamptz;
                    hi timestamptz;
                    part text;
                BEGIN
                    WHILE d <= last_day LOOP
                        part := 'readings_' || to_char(d, 'YYYYMMDD');
                        lo := d::timestamp AT TIME ZONE 'UTC';
                        hi := (d + 1)::timestamp AT TIME ZONE 'UTC';
                        IF to_regclass('telemetry.' || part) IS NULL
                           AND NOT EXISTS (SELECT 1 FROM telemetry.readings_default WHERE ts >= lo AND ts < hi) THEN
                            EXECUTE format('CREATE TABLE telemetry.%I PARTITION OF telemetry.readings FOR VALUES FROM (%L) TO (%L)', part, lo, hi);
                            made := made + 1;
                        END IF;
                        d := d + 1;
                    END LOOP;
                    RETURN made;
                END
                $$;
                SELECT telemetry.ensure_reading_partitions(current_date - 1, current_date + 7);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION telemetry.ensure_reading_partitions(date, date);
                DROP TABLE telemetry.latest;
                DROP TABLE telemetry.rollups_1d;
                DROP TABLE telemetry.rollups_1h;
                DROP TABLE telemetry.rollups_1m;
                DROP TABLE telemetry.readings;
                """);

            migrationBuilder.DropTable(
                name: "devices",
                schema: "telemetry");
        }
    }
}
