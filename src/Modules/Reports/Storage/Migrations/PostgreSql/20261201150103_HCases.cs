using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.Reports.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class HCases : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "DeadlineWarnedAt",
                schema: "reports",
                table: "reports",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EscalatedAt",
                schema: "reports",
                table: "reports",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "OverdueAt",
                schema: "reports",
                table: "reports",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                schema: "reports",
                table: "report_changes",
                type: "character varying(24)",
                maxLength: 24,
                nullable: false,
                defaultValue: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_reports_JurisdictionCode_OverdueAt",
                schema: "reports",
                table: "reports",
                columns: new[] { "JurisdictionCode", "OverdueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_reports_Status_ExpectedAt",
                schema: "reports",
                table: "reports",
                columns: new[] { "Status", "ExpectedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_reports_JurisdictionCode_OverdueAt",
                schema: "reports",
                table: "reports");

            migrationBuilder.DropIndex(
                name: "IX_reports_Status_ExpectedAt",
                schema: "reports",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "DeadlineWarnedAt",
                schema: "reports",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "EscalatedAt",
                schema: "reports",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "OverdueAt",
                schema: "reports",
                table: "reports");

            migrationBuilder.DropColumn(
                name: "Kind",
                schema: "reports",
                table: "report_changes");
        }
    }
}
