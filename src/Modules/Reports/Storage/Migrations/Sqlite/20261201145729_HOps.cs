using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.Reports.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HOps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "reports_ops_alerts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<long>(type: "INTEGER", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    RaisedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reports_ops_alerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_reports_ops_alerts_reports_reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "reports_reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_reports_reports_JurisdictionCode_Status_ExpectedAt",
                table: "reports_reports",
                columns: new[] { "JurisdictionCode", "Status", "ExpectedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_reports_ops_alerts_JurisdictionCode_AcknowledgedAt",
                table: "reports_ops_alerts",
                columns: new[] { "JurisdictionCode", "AcknowledgedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_reports_ops_alerts_ReportId",
                table: "reports_ops_alerts",
                column: "ReportId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reports_ops_alerts");

            migrationBuilder.DropIndex(
                name: "IX_reports_reports_JurisdictionCode_Status_ExpectedAt",
                table: "reports_reports");
        }
    }
}
