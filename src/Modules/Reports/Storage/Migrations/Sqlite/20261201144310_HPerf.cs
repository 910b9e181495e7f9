using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.Reports.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HPerf : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_reports_reports_JurisdictionCode_Status_RequestedAt",
                table: "reports_reports",
                columns: new[] { "JurisdictionCode", "Status", "RequestedAt" });

            // Written by hand (the model cannot state it; keep it when migrations are regenerated): the reports' R*Tree
            // over their point, for the Open311 area filter (ReportsSpatialIndex). Reports without a point stay out of it.
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "reports_reports_rtree" USING rtree(id, min_x, max_x, min_y, max_y);
                INSERT INTO "reports_reports_rtree"
                  SELECT "Id", "Location_Longitude", "Location_Longitude", "Location_Latitude", "Location_Latitude" FROM "reports_reports"
                  WHERE "Location_Longitude" IS NOT NULL AND "Location_Latitude" IS NOT NULL;
                CREATE TRIGGER "reports_reports_rtree_insert" AFTER INSERT ON "reports_reports"
                WHEN new."Location_Longitude" IS NOT NULL AND new."Location_Latitude" IS NOT NULL BEGIN
                  INSERT INTO "reports_reports_rtree" VALUES (new."Id", new."Location_Longitude", new."Location_Longitude", new."Location_Latitude", new."Location_Latitude");
                END;
                CREATE TRIGGER "reports_reports_rtree_update" AFTER UPDATE OF "Location_Longitude", "Location_Latitude" ON "reports_reports" BEGIN
                  DELETE FROM "reports_reports_rtree" WHERE id = old."Id";
                  INSERT INTO "reports_reports_rtree" SELECT new."Id", new."Location_Longitude", new."Location_Longitude", new."Location_Latitude", new."Location_Latitude"
                  WHERE new."Location_Longitude" IS NOT NULL AND new."Location_Latitude" IS NOT NULL;
                END;
                CREATE TRIGGER "reports_reports_rtree_delete" AFTER DELETE ON "reports_reports" BEGIN
                  DELETE FROM "reports_reports_rtree" WHERE id = old."Id";
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER IF EXISTS "reports_reports_rtree_insert";
                DROP TRIGGER IF EXISTS "reports_reports_rtree_update";
                DROP TRIGGER IF EXISTS "reports_reports_rtree_delete";
                DROP TABLE IF EXISTS "reports_reports_rtree";
                """);

            migrationBuilder.DropIndex(
                name: "IX_reports_reports_JurisdictionCode_Status_RequestedAt",
                table: "reports_reports");
        }
    }
}
