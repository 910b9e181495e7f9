using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.Reports.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HCases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "DeadlineWarnedAt",
                table: "reports_reports",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "EscalatedAt",
                table: "reports_reports",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "OverdueAt",
                table: "reports_reports",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "reports_report_changes",
                type: "TEXT",
                maxLength: 24,
                nullable: false,
                defaultValue: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_reports_reports_JurisdictionCode_OverdueAt",
                table: "reports_reports",
                columns: new[] { "JurisdictionCode", "OverdueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_reports_reports_Status_ExpectedAt",
                table: "reports_reports",
                columns: new[] { "Status", "ExpectedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_reports_reports_JurisdictionCode_OverdueAt",
                table: "reports_reports");

            migrationBuilder.DropIndex(
                name: "IX_reports_reports_Status_ExpectedAt",
                table: "reports_reports");

            migrationBuilder.DropColumn(
                name: "DeadlineWarnedAt",
                table: "reports_reports");

            migrationBuilder.DropColumn(
                name: "EscalatedAt",
                table: "reports_reports");

            migrationBuilder.DropColumn(
                name: "OverdueAt",
                table: "reports_reports");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "reports_report_changes");
        }
    }
}
