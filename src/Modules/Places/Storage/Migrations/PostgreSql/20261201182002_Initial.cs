using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.Places.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "places");

            migrationBuilder.CreateTable(
                name: "directory_revisions",
                schema: "places",
                columns: table => new
                {
                    JurisdictionCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Revision = table.Column<Guid>(type: "uuid", nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_directory_revisions", x => x.JurisdictionCode);
                });

            migrationBuilder.CreateTable(
                name: "map_features",
                schema: "places",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    OsmId = table.Column<long>(type: "bigint", nullable: false),
                    Layer = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Closed = table.Column<bool>(type: "boolean", nullable: false),
                    Coordinates = table.Column<byte[]>(type: "bytea", nullable: false),
                    MinLat = table.Column<double>(type: "double precision", nullable: false),
                    MinLon = table.Column<double>(type: "double precision", nullable: false),
                    MaxLat = table.Column<double>(type: "double precision", nullable: false),
                    MaxLon = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_map_features", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "networks",
                schema: "places",
                columns: table => new
                {
                    JurisdictionCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Source = table.Column<string>(type: "character varying(260)", maxLength: 260, nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Nodes = table.Column<int>(type: "integer", nullable: false),
                    Roads = table.Column<int>(type: "integer", nullable: false),
                    TurnRestrictions = table.Column<int>(type: "integer", nullable: false),
                    MapFeatures = table.Column<int>(type: "integer", nullable: false),
                    Places = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_networks", x => x.JurisdictionCode);
                });

            migrationBuilder.CreateTable(
                name: "places",
                schema: "places",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Category = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    NameVi = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    SearchKey = table.Column<string>(type: "character varying(401)", maxLength: 401, nullable: false),
                    Address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    CommuneCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Phone = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Website = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Email = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    OpeningHours = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Procedures = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Latitude = table.Column<double>(type: "double precision", nullable: false),
                    Longitude = table.Column<double>(type: "double precision", nullable: false),
                    Source = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    OsmRef = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_places", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "roads",
                schema: "places",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    OsmId = table.Column<long>(type: "bigint", nullable: false),
                    Highway = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    NameEn = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Ref = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Oneway = table.Column<short>(type: "smallint", nullable: false),
                    MaxSpeedKmh = table.Column<short>(type: "smallint", nullable: true),
                    Access = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    MotorVehicle = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Motorcycle = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Bicycle = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Foot = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    IsBridge = table.Column<bool>(type: "boolean", nullable: false),
                    IsFerry = table.Column<bool>(type: "boolean", nullable: false),
                    DurationSeconds = table.Column<int>(type: "integer", nullable: true),
                    NodeIds = table.Column<byte[]>(type: "bytea", nullable: false),
                    Coordinates = table.Column<byte[]>(type: "bytea", nullable: false),
                    MinLat = table.Column<double>(type: "double precision", nullable: false),
                    MinLon = table.Column<double>(type: "double precision", nullable: false),
                    MaxLat = table.Column<double>(type: "double precision", nullable: false),
                    MaxLon = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_roads", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "turn_restrictions",
                schema: "places",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    OsmId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    FromWay = table.Column<long>(type: "bigint", nullable: false),
                    ViaNode = table.Column<long>(type: "bigint", nullable: true),
                    ViaWay = table.Column<long>(type: "bigint", nullable: true),
                    ToWay = table.Column<long>(type: "bigint", nullable: false),
                    Except = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_turn_restrictions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_map_features_JurisdictionCode_Layer",
                schema: "places",
                table: "map_features",
                columns: new[] { "JurisdictionCode", "Layer" });

            migrationBuilder.CreateIndex(
                name: "IX_places_JurisdictionCode_Category",
                schema: "places",
                table: "places",
                columns: new[] { "JurisdictionCode", "Category" });

            migrationBuilder.CreateIndex(
                name: "IX_places_JurisdictionCode_Source",
                schema: "places",
                table: "places",
                columns: new[] { "JurisdictionCode", "Source" });

            migrationBuilder.CreateIndex(
                name: "IX_roads_JurisdictionCode_OsmId",
                schema: "places",
                table: "roads",
                columns: new[] { "JurisdictionCode", "OsmId" });

            migrationBuilder.CreateIndex(
                name: "IX_turn_restrictions_JurisdictionCode",
                schema: "places",
                table: "turn_restrictions",
                column: "JurisdictionCode");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "directory_revisions",
                schema: "places");

            migrationBuilder.DropTable(
                name: "map_features",
                schema: "places");

            migrationBuilder.DropTable(
                name: "networks",
                schema: "places");

            migrationBuilder.DropTable(
                name: "places",
                schema: "places");

            migrationBuilder.DropTable(
                name: "roads",
                schema: "places");

            migrationBuilder.DropTable(
                name: "turn_restrictions",
                schema: "places");
        }
    }
}
