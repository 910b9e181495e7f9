using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.Reports.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "reports_categories",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    NameVi = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    DescriptionVi = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    DescriptionEn = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Group = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Keywords = table.Column<string>(type: "TEXT", nullable: false),
                    ResponsibleKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    ResponsibleCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OutsideContact = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    DeadlineHours = table.Column<int>(type: "INTEGER", nullable: false),
                    Attributes = table.Column<string>(type: "TEXT", nullable: false),
                    IsPublic = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsEmergency = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reports_categories", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reports_outbox",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    PayloadJson = table.Column<string>(type: "TEXT", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    LockedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LockedUntil = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reports_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reports_reports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    CategoryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ServiceCode = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Token = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Location_Latitude = table.Column<double>(type: "REAL", nullable: true),
                    Location_Longitude = table.Column<double>(type: "REAL", nullable: true),
                    Location_AddressString = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Location_AddressId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Location_CommuneCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Attributes = table.Column<string>(type: "TEXT", nullable: false),
                    MediaUrl = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    PhotoHashes = table.Column<string>(type: "TEXT", nullable: false),
                    Reporter_FirstName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Reporter_LastName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Reporter_Phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Reporter_Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    Reporter_DeviceId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Reporter_AccountId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    IsPublic = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsEmergency = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    UnitKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    AgencyVi = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    AgencyEn = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    StatusNotes = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    DuplicateOfId = table.Column<long>(type: "INTEGER", nullable: true),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpectedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reports_reports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "reports_report_changes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReportId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    To = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    UnitKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    UnitCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    PublicMessage = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    InternalNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_reports_report_changes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_reports_report_changes_reports_reports_ReportId",
                        column: x => x.ReportId,
                        principalTable: "reports_reports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_reports_categories_JurisdictionCode_Code",
                table: "reports_categories",
                columns: new[] { "JurisdictionCode", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_reports_outbox_State_NextAttemptAt",
                table: "reports_outbox",
                columns: new[] { "State", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_reports_report_changes_ReportId_At",
                table: "reports_report_changes",
                columns: new[] { "ReportId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_reports_reports_JurisdictionCode_RequestedAt",
                table: "reports_reports",
                columns: new[] { "JurisdictionCode", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_reports_reports_JurisdictionCode_ServiceCode_RequestedAt",
                table: "reports_reports",
                columns: new[] { "JurisdictionCode", "ServiceCode", "RequestedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_reports_reports_Token",
                table: "reports_reports",
                column: "Token",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_reports_reports_UnitKind_UnitCode_Status",
                table: "reports_reports",
                columns: new[] { "UnitKind", "UnitCode", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reports_categories");

            migrationBuilder.DropTable(
                name: "reports_outbox");

            migrationBuilder.DropTable(
                name: "reports_report_changes");

            migrationBuilder.DropTable(
                name: "reports_reports");
        }
    }
}
