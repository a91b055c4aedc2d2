import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { RegisterOrganisationDto } from '@banat/contracts';
import { fieldErrors, RpcFailure, validationOptions } from '@banat/messaging';
import { parseOrganisationsCsv } from '../domain';
import { OrganisationsService } from './organisations.service';

export interface CsvImportRowReport {
  row: number;
  status: 'imported' | 'refused';
  id?: string;
  errors?: { field: string; reason: string }[];
}

export interface CsvImportReport {
  imported: number;
  refused: number;
  rows: CsvImportRowReport[];
}

/** A chamber's member list: each row lands or is refused on its own, with its reasons. */
@Injectable()
export class CsvImportService {
  constructor(private readonly organisations: OrganisationsService) {}

  async import(csv: string): Promise<CsvImportReport> {
    const rows: CsvImportRowReport[] = [];
    for (const parsed of parseOrganisationsCsv(csv)) {
      if (!parsed.ok) {
        rows.push({ row: parsed.row, status: 'refused', errors: parsed.errors });
        continue;
      }
      const dto = plainToInstance(RegisterOrganisationDto, parsed.organisation);
      const shapeErrors = fieldErrors(await validate(dto, validationOptions));
      if (shapeErrors.length) {
        rows.push({ row: parsed.row, status: 'refused', errors: shapeErrors });
        continue;
      }
      try {
        const view = await this.organisations.register(dto);
        rows.push({ row: parsed.row, status: 'imported', id: view.id });
      } catch (error) {
        if (!(error instanceof RpcFailure)) throw error;
        const body = error.body;
        const existing = body.details?.existingId ? [{ field: 'legalId', reason: `already registered as ${String(body.details.existingId)}` }] : [];
        rows.push({ row: parsed.row, status: 'refused', errors: body.fields ?? (existing.length ? existing : [{ field: '*', reason: body.message }]) });
      }
    }
    return { imported: rows.filter((r) => r.status === 'imported').length, refused: rows.filter((r) => r.status === 'refused').length, rows };
  }
}
