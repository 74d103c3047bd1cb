import type { Download, Locator, Page } from '@playwright/test';

/** "Import and backup", as a person sees it: found by roles and labels. */
export class ImportPage {
  readonly page: Page;
  readonly clm: Locator;
  readonly backup: Locator;
  readonly restore: Locator;

  constructor(page: Page) {
    this.page = page;
    this.clm = page.getByRole('region', { name: 'Move in from CLM 2.0.1' });
    this.backup = page.getByRole('form', { name: 'Back up' });
    this.restore = page.getByRole('region', { name: 'Restore a backup' });
  }

  /** Chooses CLM's database and, on the first run, types the CLM phrase; then Preview. */
  async previewClm(file: string, phrase?: string): Promise<void> {
    await this.clm.getByLabel('CLM database').setInputFiles(file);
    if (phrase !== undefined) await this.clm.getByLabel('The phrase you use in CLM').fill(phrase);
    await this.clm.getByRole('button', { name: 'Preview' }).click();
  }

  /** Saves a backup with the profile phrase; resolves with the file the browser downloaded. */
  async saveBackup(phrase: string): Promise<Download> {
    await this.backup.getByLabel('Your profile phrase').fill(phrase);
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.backup.getByRole('button', { name: 'Save a backup' }).click()]);
    return download;
  }

  /** Chooses a backup file, types its phrase, and checks it. */
  async checkBackup(file: string, phrase: string): Promise<void> {
    await this.restore.getByLabel('Backup file').setInputFiles(file);
    await this.restore.getByLabel('The phrase the backup was made with').fill(phrase);
    await this.restore.getByRole('button', { name: 'Check the file' }).click();
  }
}
