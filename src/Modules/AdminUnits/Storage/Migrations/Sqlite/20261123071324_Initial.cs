using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.AdminUnits.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "geo_jurisdictions",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    NameVi = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hotline = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Website = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    IsSynthetic = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_geo_jurisdictions", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "geo_admin_units",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    NameVi = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SearchKey = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ParentCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Geometry = table.Column<byte[]>(type: "BLOB", nullable: false),
                    MinLon = table.Column<double>(type: "REAL", nullable: false),
                    MinLat = table.Column<double>(type: "REAL", nullable: false),
                    MaxLon = table.Column<double>(type: "REAL", nullable: false),
                    MaxLat = table.Column<double>(type: "REAL", nullable: false),
                    AreaKm2 = table.Column<double>(type: "REAL", nullable: false),
                    Population = table.Column<int>(type: "INTEGER", nullable: true),
                    Households = table.Column<int>(type: "INTEGER", nullable: true),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidTo = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_geo_admin_units", x => x.Id);
                    table.ForeignKey(
                        name: "FK_geo_admin_units_geo_jurisdictions_JurisdictionCode",
                        column: x => x.JurisdictionCode,
                        principalTable: "geo_jurisdictions",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_geo_admin_units_Code_ValidFrom",
                table: "geo_admin_units",
                columns: new[] { "Code", "ValidFrom" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_geo_admin_units_JurisdictionCode_Level_ValidFrom_ValidTo",
                table: "geo_admin_units",
                columns: new[] { "JurisdictionCode", "Level", "ValidFrom", "ValidTo" });

            migrationBuilder.CreateIndex(
                name: "IX_geo_admin_units_ParentCode",
                table: "geo_admin_units",
                column: "ParentCode");

            // R*Tree over the bounding boxes: SQLite's spatial index (queried by SqliteSpatialIndex.CandidatesSql).
            // Written out here, not generated: a migration keeps the SQL it ran with.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "geo_admin_units_rtree" USING rtree(id, min_x, max_x, min_y, max_y);
                INSERT INTO "geo_admin_units_rtree" SELECT "Id", "MinLon", "MaxLon", "MinLat", "MaxLat" FROM "geo_admin_units";
                CREATE TRIGGER "geo_admin_units_rtree_insert" AFTER INSERT ON "geo_admin_units" BEGIN
                  INSERT INTO "geo_admin_units_rtree" VALUES (new."Id", new."MinLon", new."MaxLon", new."MinLat", new."MaxLat");
                END;
                CREATE TRIGGER "geo_admin_units_rtree_update" AFTER UPDATE OF "MinLon", "MinLat", "MaxLon", "MaxLat" ON "geo_admin_units" BEGIN
                  UPDATE "geo_admin_units_rtree" SET min_x = new."MinLon", max_x = new."MaxLon", min_y = new."MinLat", max_y = new."MaxLat" WHERE id = new."Id";
                END;
                CREATE TRIGGER "geo_admin_units_rtree_delete" AFTER DELETE ON "geo_admin_units" BEGIN
                  DELETE FROM "geo_admin_units_rtree" WHERE id = old."Id";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS "geo_admin_units_rtree_insert";
                DROP TRIGGER IF EXISTS "geo_admin_units_rtree_update";
                DROP TRIGGER IF EXISTS "geo_admin_units_rtree_delete";
                DROP TABLE IF EXISTS "geo_admin_units_rtree";
                """);

            migrationBuilder.DropTable(
                name: "geo_admin_units");

            migrationBuilder.DropTable(
                name: "geo_jurisdictions");
        }
    }
}
