using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Modules.PublicServices.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "public_services_dossiers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    AccessToken = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    ProcedureId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProcedureCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ProcedureNameVi = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    ProcedureNameEn = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AgencyCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CommuneCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    ResumeStatus = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    Applicant_FullName = table.Column<string>(type: "TEXT", maxLength: 150, nullable: false),
                    Applicant_IdentityNumber = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Applicant_Phone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    Applicant_Email = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    Applicant_Address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Applicant_CommuneCode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    FormValues = table.Column<string>(type: "TEXT", nullable: false),
                    Files = table.Column<string>(type: "TEXT", nullable: false),
                    Online = table.Column<bool>(type: "INTEGER", nullable: false),
                    FullyOnline = table.Column<bool>(type: "INTEGER", nullable: false),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    ProcessingDays = table.Column<int>(type: "INTEGER", nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    PausedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ResultAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReturnedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RejectedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    OnTime = table.Column<bool>(type: "INTEGER", nullable: true),
                    ResultHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    RejectionReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    SupplementMessage = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    FeeVnd = table.Column<long>(type: "INTEGER", nullable: false),
                    FeePaidAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FeeMethod = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    FeeReference = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_public_services_dossiers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "public_services_gateway_payments",
                columns: table => new
                {
                    TransactionId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    DossierId = table.Column<long>(type: "INTEGER", nullable: false),
                    Amount = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_public_services_gateway_payments", x => x.TransactionId);
                });

            migrationBuilder.CreateTable(
                name: "public_services_outbox",
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
                    table.PrimaryKey("PK_public_services_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "public_services_payment_gateways",
                columns: table => new
                {
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Secret = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_public_services_payment_gateways", x => x.JurisdictionCode);
                });

            migrationBuilder.CreateTable(
                name: "public_services_personal_data_reads",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DossierId = table.Column<long>(type: "INTEGER", nullable: false),
                    DossierCode = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_public_services_personal_data_reads", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "public_services_procedures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    NameVi = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Field = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AgencyCode = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Documents = table.Column<string>(type: "TEXT", nullable: false),
                    Forms = table.Column<string>(type: "TEXT", nullable: false),
                    FeeVnd = table.Column<long>(type: "INTEGER", nullable: false),
                    FeeNote = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    ProcessingDays = table.Column<int>(type: "INTEGER", nullable: false),
                    LegalBasis = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    FullyOnline = table.Column<bool>(type: "INTEGER", nullable: false),
                    FormFields = table.Column<string>(type: "TEXT", nullable: false),
                    Active = table.Column<bool>(type: "INTEGER", nullable: false),
                    SearchKey = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_public_services_procedures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "public_services_dossier_steps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DossierId = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    To = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    PublicMessage = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    InternalNote = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_public_services_dossier_steps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_public_services_dossier_steps_public_services_dossiers_DossierId",
                        column: x => x.DossierId,
                        principalTable: "public_services_dossiers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_public_services_dossier_steps_DossierId_At",
                table: "public_services_dossier_steps",
                columns: new[] { "DossierId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_public_services_dossiers_Code",
                table: "public_services_dossiers",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_public_services_dossiers_JurisdictionCode_CommuneCode_Status",
                table: "public_services_dossiers",
                columns: new[] { "JurisdictionCode", "CommuneCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_public_services_dossiers_JurisdictionCode_ReceivedAt",
                table: "public_services_dossiers",
                columns: new[] { "JurisdictionCode", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_public_services_dossiers_JurisdictionCode_Status_AgencyCode_SubmittedAt",
                table: "public_services_dossiers",
                columns: new[] { "JurisdictionCode", "Status", "AgencyCode", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_public_services_dossiers_SubmittedBy_SubmittedAt",
                table: "public_services_dossiers",
                columns: new[] { "SubmittedBy", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_public_services_gateway_payments_DossierId",
                table: "public_services_gateway_payments",
                column: "DossierId");

            migrationBuilder.CreateIndex(
                name: "IX_public_services_outbox_State_NextAttemptAt",
                table: "public_services_outbox",
                columns: new[] { "State", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_public_services_personal_data_reads_Actor_At",
                table: "public_services_personal_data_reads",
                columns: new[] { "Actor", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_public_services_personal_data_reads_DossierId_At",
                table: "public_services_personal_data_reads",
                columns: new[] { "DossierId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_public_services_procedures_JurisdictionCode_Code",
                table: "public_services_procedures",
                columns: new[] { "JurisdictionCode", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_public_services_procedures_JurisdictionCode_Field",
                table: "public_services_procedures",
                columns: new[] { "JurisdictionCode", "Field" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "public_services_dossier_steps");

            migrationBuilder.DropTable(
                name: "public_services_gateway_payments");

            migrationBuilder.DropTable(
                name: "public_services_outbox");

            migrationBuilder.DropTable(
                name: "public_services_payment_gateways");

            migrationBuilder.DropTable(
                name: "public_services_personal_data_reads");

            migrationBuilder.DropTable(
                name: "public_services_procedures");

            migrationBuilder.DropTable(
                name: "public_services_dossiers");
        }
    }
}
