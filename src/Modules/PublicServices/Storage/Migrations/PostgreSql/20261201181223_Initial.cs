using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Mekong.Modules.PublicServices.Storage.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "public_services");

            migrationBuilder.CreateTable(
                name: "dossiers",
                schema: "public_services",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Code = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    AccessToken = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    JurisdictionCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    ProcedureId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProcedureCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ProcedureNameVi = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ProcedureNameEn = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AgencyCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CommuneCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    Status = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    ResumeStatus = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    Applicant_FullName = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    Applicant_IdentityNumber = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Applicant_Phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Applicant_Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    Applicant_Address = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Applicant_CommuneCode = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    FormValues = table.Column<string>(type: "text", nullable: false),
                    Files = table.Column<string>(type: "text", nullable: false),
                    Online = table.Column<bool>(type: "boolean", nullable: false),
                    FullyOnline = table.Column<bool>(type: "boolean", nullable: false),
                    SubmittedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    ProcessingDays = table.Column<int>(type: "integer", nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DueDate = table.Column<DateOnly>(type: "date", nullable: true),
                    PausedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    ResultAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReturnedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RejectedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    OnTime = table.Column<bool>(type: "boolean", nullable: true),
                    ResultHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    RejectionReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    SupplementMessage = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    FeeVnd = table.Column<long>(type: "bigint", nullable: false),
                    FeePaidAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    FeeMethod = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    FeeReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dossiers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "gateway_payments",
                schema: "public_services",
                columns: table => new
                {
                    TransactionId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    DossierId = table.Column<long>(type: "bigint", nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_gateway_payments", x => x.TransactionId);
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                schema: "public_services",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    PayloadJson = table.Column<string>(type: "text", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    State = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LockedBy = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LockedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "payment_gateways",
                schema: "public_services",
                columns: table => new
                {
                    JurisdictionCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Secret = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payment_gateways", x => x.JurisdictionCode);
                });

            migrationBuilder.CreateTable(
                name: "personal_data_reads",
                schema: "public_services",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DossierId = table.Column<long>(type: "bigint", nullable: false),
                    DossierCode = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_personal_data_reads", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "procedures",
                schema: "public_services",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    JurisdictionCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    NameVi = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    NameEn = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Field = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Level = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    AgencyCode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Documents = table.Column<string>(type: "text", nullable: false),
                    Forms = table.Column<string>(type: "text", nullable: false),
                    FeeVnd = table.Column<long>(type: "bigint", nullable: false),
                    FeeNote = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    ProcessingDays = table.Column<int>(type: "integer", nullable: false),
                    LegalBasis = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    FullyOnline = table.Column<bool>(type: "boolean", nullable: false),
                    FormFields = table.Column<string>(type: "text", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    SearchKey = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_procedures", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "dossier_steps",
                schema: "public_services",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DossierId = table.Column<long>(type: "bigint", nullable: false),
                    Kind = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Actor = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    From = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    To = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    PublicMessage = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    InternalNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dossier_steps", x => x.Id);
                    table.ForeignKey(
                        name: "FK_dossier_steps_dossiers_DossierId",
                        column: x => x.DossierId,
                        principalSchema: "public_services",
                        principalTable: "dossiers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_dossier_steps_DossierId_At",
                schema: "public_services",
                table: "dossier_steps",
                columns: new[] { "DossierId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_dossiers_Code",
                schema: "public_services",
                table: "dossiers",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_dossiers_JurisdictionCode_CommuneCode_Status",
                schema: "public_services",
                table: "dossiers",
                columns: new[] { "JurisdictionCode", "CommuneCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_dossiers_JurisdictionCode_ReceivedAt",
                schema: "public_services",
                table: "dossiers",
                columns: new[] { "JurisdictionCode", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_dossiers_JurisdictionCode_Status_AgencyCode_SubmittedAt",
                schema: "public_services",
                table: "dossiers",
                columns: new[] { "JurisdictionCode", "Status", "AgencyCode", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_dossiers_SubmittedBy_SubmittedAt",
                schema: "public_services",
                table: "dossiers",
                columns: new[] { "SubmittedBy", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_gateway_payments_DossierId",
                schema: "public_services",
                table: "gateway_payments",
                column: "DossierId");

            migrationBuilder.CreateIndex(
                name: "IX_outbox_State_NextAttemptAt",
                schema: "public_services",
                table: "outbox",
                columns: new[] { "State", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_personal_data_reads_Actor_At",
                schema: "public_services",
                table: "personal_data_reads",
                columns: new[] { "Actor", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_personal_data_reads_DossierId_At",
                schema: "public_services",
                table: "personal_data_reads",
                columns: new[] { "DossierId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_procedures_JurisdictionCode_Code",
                schema: "public_services",
                table: "procedures",
                columns: new[] { "JurisdictionCode", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_procedures_JurisdictionCode_Field",
                schema: "public_services",
                table: "procedures",
                columns: new[] { "JurisdictionCode", "Field" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "dossier_steps",
                schema: "public_services");

            migrationBuilder.DropTable(
                name: "gateway_payments",
                schema: "public_services");

            migrationBuilder.DropTable(
                name: "outbox",
                schema: "public_services");

            migrationBuilder.DropTable(
                name: "payment_gateways",
                schema: "public_services");

            migrationBuilder.DropTable(
                name: "personal_data_reads",
                schema: "public_services");

            migrationBuilder.DropTable(
                name: "procedures",
                schema: "public_services");

            migrationBuilder.DropTable(
                name: "dossiers",
                schema: "public_services");
        }
    }
}
