using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.Reports.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class HPortal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RatedAt",
                table: "reports_reports",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Rating",
                table: "reports_reports",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RatingComment",
                table: "reports_reports",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Reporter_NamedPublicly",
                table: "reports_reports",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "reports_report_supporters",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<long>(type: "INTEGER", nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reports_report_supporters", x => x.Id);
                    table.ForeignKey(
                        name: "FK_reports_report_supporters_reports_reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "reports_reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "reports_submission_keys",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ServiceCode = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    ReportId = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reports_submission_keys", x => x.Key);
                    table.ForeignKey(
                        name: "FK_reports_submission_keys_reports_reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "reports_reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_reports_report_supporters_ReportId_ClientId",
                table: "reports_report_supporters",
                columns: new[] { "ReportId", "ClientId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_reports_report_supporters_ReportId_Email",
                table: "reports_report_supporters",
                columns: new[] { "ReportId", "Email" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_reports_report_supporters_ReportId_UserId",
                table: "reports_report_supporters",
                columns: new[] { "ReportId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_reports_submission_keys_CreatedAt",
                table: "reports_submission_keys",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_reports_submission_keys_ReportId",
                table: "reports_submission_keys",
                column: "ReportId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reports_report_supporters");

            migrationBuilder.DropTable(
                name: "reports_submission_keys");

            migrationBuilder.DropColumn(
                name: "RatedAt",
                table: "reports_reports");

            migrationBuilder.DropColumn(
                name: "Rating",
                table: "reports_reports");

            migrationBuilder.DropColumn(
                name: "RatingComment",
                table: "reports_reports");

            migrationBuilder.DropColumn(
                name: "Reporter_NamedPublicly",
                table: "reports_reports");
        }
    }
}
