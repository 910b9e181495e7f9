using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.Places.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "places_directory_revisions",
                columns: table => new
                {
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Revision = table.Column<Guid>(type: "TEXT", nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_places_directory_revisions", x => x.JurisdictionCode);
                });

            migrationBuilder.CreateTable(
                name: "places_map_features",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    OsmId = table.Column<long>(type: "INTEGER", nullable: false),
                    Layer = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Closed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Coordinates = table.Column<byte[]>(type: "BLOB", nullable: false),
                    MinLat = table.Column<double>(type: "REAL", nullable: false),
                    MinLon = table.Column<double>(type: "REAL", nullable: false),
                    MaxLat = table.Column<double>(type: "REAL", nullable: false),
                    MaxLon = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_places_map_features", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "places_networks",
                columns: table => new
                {
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 260, nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    Nodes = table.Column<int>(type: "INTEGER", nullable: false),
                    Roads = table.Column<int>(type: "INTEGER", nullable: false),
                    TurnRestrictions = table.Column<int>(type: "INTEGER", nullable: false),
                    MapFeatures = table.Column<int>(type: "INTEGER", nullable: false),
                    Places = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_places_networks", x => x.JurisdictionCode);
                });

            migrationBuilder.CreateTable(
                name: "places_places",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    NameVi = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SearchKey = table.Column<string>(type: "TEXT", maxLength: 401, nullable: false),
                    Address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    CommuneCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Website = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    OpeningHours = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Procedures = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Latitude = table.Column<double>(type: "REAL", nullable: false),
                    Longitude = table.Column<double>(type: "REAL", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    OsmRef = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_places_places", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "places_roads",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    OsmId = table.Column<long>(type: "INTEGER", nullable: false),
                    Highway = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Ref = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Oneway = table.Column<short>(type: "INTEGER", nullable: false),
                    MaxSpeedKmh = table.Column<short>(type: "INTEGER", nullable: true),
                    Access = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    MotorVehicle = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Motorcycle = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Bicycle = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Foot = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    IsBridge = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsFerry = table.Column<bool>(type: "INTEGER", nullable: false),
                    DurationSeconds = table.Column<int>(type: "INTEGER", nullable: true),
                    NodeIds = table.Column<byte[]>(type: "BLOB", nullable: false),
                    Coordinates = table.Column<byte[]>(type: "BLOB", nullable: false),
                    MinLat = table.Column<double>(type: "REAL", nullable: false),
                    MinLon = table.Column<double>(type: "REAL", nullable: false),
                    MaxLat = table.Column<double>(type: "REAL", nullable: false),
                    MaxLon = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_places_roads", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "places_turn_restrictions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    OsmId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FromWay = table.Column<long>(type: "INTEGER", nullable: false),
                    ViaNode = table.Column<long>(type: "INTEGER", nullable: true),
                    ViaWay = table.Column<long>(type: "INTEGER", nullable: true),
                    ToWay = table.Column<long>(type: "INTEGER", nullable: false),
                    Except = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_places_turn_restrictions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_places_map_features_JurisdictionCode_Layer",
                table: "places_map_features",
                columns: new[] { "JurisdictionCode", "Layer" });

            migrationBuilder.CreateIndex(
                name: "IX_places_places_JurisdictionCode_Category",
                table: "places_places",
                columns: new[] { "JurisdictionCode", "Category" });

            migrationBuilder.CreateIndex(
                name: "IX_places_places_JurisdictionCode_Source",
                table: "places_places",
                columns: new[] { "JurisdictionCode", "Source" });

            migrationBuilder.CreateIndex(
                name: "IX_places_roads_JurisdictionCode_OsmId",
                table: "places_roads",
                columns: new[] { "JurisdictionCode", "OsmId" });

            migrationBuilder.CreateIndex(
                name: "IX_places_turn_restrictions_JurisdictionCode",
                table: "places_turn_restrictions",
                column: "JurisdictionCode");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "places_directory_revisions");

            migrationBuilder.DropTable(
                name: "places_map_features");

            migrationBuilder.DropTable(
                name: "places_networks");

            migrationBuilder.DropTable(
                name: "places_places");

            migrationBuilder.DropTable(
                name: "places_roads");

            migrationBuilder.DropTable(
                name: "places_turn_restrictions");
        }
    }
}
