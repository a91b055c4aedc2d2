import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { RegisterOrganisationDto } from '@banat/contracts';
import { fieldErrors, validationOptions } from '@banat/messaging';
import { parseOrganisationsCsv } from '../domain';
import { secretariatOnly } from './caller';
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
    // Judged before the list is even read, on the gateway's signed identity: a request around the gateway is held to the HTTP route's rule.
    secretariatOnly('only the secretariat imports member lists');
    const rows: CsvImportRowReport[] = [];
    const valid: { row: number; dto: RegisterOrganisationDto }[] = [];
    for (const parsed of parseOrganisationsCsv(csv)) {
      if (!parsed.ok) {
        rows.push({ row: parsed.row, status: 'refused', errors: parsed.errors });
        continue;
      }
      const dto = plainToInstance(RegisterOrganisationDto, parsed.organisation);
      const shapeErrors = fieldErrors(await validate(dto, validationOptions));
      if (shapeErrors.length) rows.push({ row: parsed.row, status: 'refused', errors: shapeErrors });
      else valid.push({ row: parsed.row, dto });
    }
    // The rows that passed on their own are registered together: batched checks and writes.
    const results = await this.organisations.registerMany(valid.map((v) => v.dto));
    for (const [i, result] of results.entries()) {
      const row = valid[i].row;
      rows.push(result.ok ? { row, status: 'imported', id: result.id } : { row, status: 'refused', errors: result.errors });
    }
    rows.sort((a, b) => a.row - b.row);
    return { imported: rows.filter((r) => r.status === 'imported').length, refused: rows.filter((r) => r.status === 'refused').length, rows };
  }
}
