using Microsoft.EntityFrameworkCore.Migrations;
using NetTopologySuite.Geometries;

#nullable disable

namespace Mekong.Modules.Reports.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class HPerf : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:postgis", ",,");

            migrationBuilder.AddColumn<Point>(
                name: "Position",
                schema: "reports",
                table: "reports",
                type: "geometry(Point, 4326)",
                nullable: true,
                computedColumnSql: "ST_SetSRID(ST_MakePoint(\"Location_Longitude\", \"Location_Latitude\"), 4326)",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "IX_reports_JurisdictionCode_Status_RequestedAt",
                schema: "reports",
                table: "reports",
                columns: new[] { "JurisdictionCode", "Status", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_reports_Position",
                schema: "reports",
                table: "reports",
                column: "Position")
                .Annotation("Npgsql:IndexMethod", "gist");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_reports_JurisdictionCode_Status_RequestedAt",
                schema: "reports",
                table: "reports");

            migrationBuilder.DropIndex(
                name: "IX_reports_Position",
                schema: "reports",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "Position",
                schema: "reports",
                table: "reports");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:postgis", ",,");
        }
    }
}
