import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Role } from '../../../common/roles';

// A person who signs in: complainant counsel (tied to an organisation) or ISP staff.
@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column('text')
  email!: string;

  @Column('text', { name: 'display_name' })
  displayName!: string;

  @Column('text')
  role!: Role;

  @Column('uuid', { name: 'organisation_id', nullable: true })
  organisationId!: string | null;

  @Column('text', { name: 'password_hash', nullable: true, select: false })
  passwordHash!: string | null;

  @Column('int', { name: 'failed_logins', default: 0 })
  failedLogins!: number;

  @Column('timestamptz', { name: 'locked_until', nullable: true })
  lockedUntil!: Date | null;

  @Column('timestamptz', { name: 'disabled_at', nullable: true })
  disabledAt!: Date | null;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  // A legal person counts only once confirmed by a second legal person or the server CLI.
  @Column('timestamptz', { name: 'confirmed_at', nullable: true })
  confirmedAt!: Date | null;

  @Column('uuid', { name: 'confirmed_by', nullable: true })
  confirmedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
