using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.Reports.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class HOps : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ops_alerts",
                schema: "reports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ReportId = table.Column<long>(type: "bigint", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    RaisedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AcknowledgedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ops_alerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ops_alerts_reports_ReportId",
                        column: x => x.ReportId,
                        principalSchema: "reports",
                        principalTable: "reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_reports_JurisdictionCode_Status_ExpectedAt",
                schema: "reports",
                table: "reports",
                columns: new[] { "JurisdictionCode", "Status", "ExpectedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ops_alerts_JurisdictionCode_AcknowledgedAt",
                schema: "reports",
                table: "ops_alerts",
                columns: new[] { "JurisdictionCode", "AcknowledgedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ops_alerts_ReportId",
                schema: "reports",
                table: "ops_alerts",
                column: "ReportId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ops_alerts",
                schema: "reports");

            migrationBuilder.DropIndex(
                name: "IX_reports_JurisdictionCode_Status_ExpectedAt",
                schema: "reports",
                table: "reports");
        }
    }
}
